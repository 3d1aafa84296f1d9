# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'password_form.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_PasswordFormBody(object):
    def setupUi(self, PasswordFormBody):
        if not PasswordFormBody.objectName():
            PasswordFormBody.setObjectName(u"PasswordFormBody")
        self.form = QFormLayout(PasswordFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.introLabel = QLabel(PasswordFormBody)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.introLabel.setWordWrap(True)

        self.form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.introLabel)

        self.currentLabel = QLabel(PasswordFormBody)
        self.currentLabel.setObjectName(u"currentLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.currentLabel)

        self.currentField = QWidget(PasswordFormBody)
        self.currentField.setObjectName(u"currentField")
        self.currentFieldLayout = QVBoxLayout(self.currentField)
        self.currentFieldLayout.setObjectName(u"currentFieldLayout")
        self.currentFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.currentEdit = QLineEdit(self.currentField)
        self.currentEdit.setObjectName(u"currentEdit")
        self.currentEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.currentFieldLayout.addWidget(self.currentEdit)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.currentField)

        self.newLabel = QLabel(PasswordFormBody)
        self.newLabel.setObjectName(u"newLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.newLabel)

        self.newField = QWidget(PasswordFormBody)
        self.newField.setObjectName(u"newField")
        self.newFieldLayout = QVBoxLayout(self.newField)
        self.newFieldLayout.setObjectName(u"newFieldLayout")
        self.newFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.newEdit = QLineEdit(self.newField)
        self.newEdit.setObjectName(u"newEdit")
        self.newEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.newFieldLayout.addWidget(self.newEdit)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.newField)

        self.confirmLabel = QLabel(PasswordFormBody)
        self.confirmLabel.setObjectName(u"confirmLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.confirmLabel)

        self.confirmField = QWidget(PasswordFormBody)
        self.confirmField.setObjectName(u"confirmField")
        self.confirmFieldLayout = QVBoxLayout(self.confirmField)
        self.confirmFieldLayout.setObjectName(u"confirmFieldLayout")
        self.confirmFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.confirmEdit = QLineEdit(self.confirmField)
        self.confirmEdit.setObjectName(u"confirmEdit")
        self.confirmEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.confirmFieldLayout.addWidget(self.confirmEdit)

        self.errorLabel = QLabel(self.confirmField)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.errorLabel.setWordWrap(True)

        self.confirmFieldLayout.addWidget(self.errorLabel)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.confirmField)

#if QT_CONFIG(shortcut)
        self.currentLabel.setBuddy(self.currentEdit)
        self.newLabel.setBuddy(self.newEdit)
        self.confirmLabel.setBuddy(self.confirmEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.currentEdit, self.newEdit)
        QWidget.setTabOrder(self.newEdit, self.confirmEdit)

        self.retranslateUi(PasswordFormBody)

        QMetaObject.connectSlotsByName(PasswordFormBody)
    # setupUi

    def retranslateUi(self, PasswordFormBody):
        self.introLabel.setText(QCoreApplication.translate("PasswordFormBody", u"At least 12 characters; three random words make a good one.", None))
        self.currentLabel.setText(QCoreApplication.translate("PasswordFormBody", u"&Current password", None))
        self.newLabel.setText(QCoreApplication.translate("PasswordFormBody", u"&New password", None))
        self.confirmLabel.setText(QCoreApplication.translate("PasswordFormBody", u"New password &again", None))
        pass
    # retranslateUi

