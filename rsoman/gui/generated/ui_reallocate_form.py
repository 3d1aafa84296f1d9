# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'reallocate_form.ui'
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
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QDateEdit,
    QFormLayout, QLabel, QSizePolicy, QVBoxLayout,
    QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)

class Ui_ReallocateFormBody(object):
    def setupUi(self, ReallocateFormBody):
        if not ReallocateFormBody.objectName():
            ReallocateFormBody.setObjectName(u"ReallocateFormBody")
        self.form = QFormLayout(ReallocateFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.offendersLabel = QLabel(ReallocateFormBody)
        self.offendersLabel.setObjectName(u"offendersLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.offendersLabel)

        self.offendersField = QWidget(ReallocateFormBody)
        self.offendersField.setObjectName(u"offendersField")
        self.offendersFieldLayout = QVBoxLayout(self.offendersField)
        self.offendersFieldLayout.setObjectName(u"offendersFieldLayout")
        self.offendersFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.offendersList = QLabel(self.offendersField)
        self.offendersList.setObjectName(u"offendersList")
        self.offendersList.setTextFormat(Qt.TextFormat.PlainText)
        self.offendersList.setWordWrap(True)

        self.offendersFieldLayout.addWidget(self.offendersList)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.offendersField)

        self.toOfficerLabel = QLabel(ReallocateFormBody)
        self.toOfficerLabel.setObjectName(u"toOfficerLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.toOfficerLabel)

        self.toOfficerField = QWidget(ReallocateFormBody)
        self.toOfficerField.setObjectName(u"toOfficerField")
        self.toOfficerFieldLayout = QVBoxLayout(self.toOfficerField)
        self.toOfficerFieldLayout.setObjectName(u"toOfficerFieldLayout")
        self.toOfficerFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.toOfficerCombo = QComboBox(self.toOfficerField)
        self.toOfficerCombo.setObjectName(u"toOfficerCombo")

        self.toOfficerFieldLayout.addWidget(self.toOfficerCombo)

        self.toOfficerHint = HintLabel(self.toOfficerField)
        self.toOfficerHint.setObjectName(u"toOfficerHint")

        self.toOfficerFieldLayout.addWidget(self.toOfficerHint)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.toOfficerField)

        self.onLabel = QLabel(ReallocateFormBody)
        self.onLabel.setObjectName(u"onLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.onLabel)

        self.onField = QWidget(ReallocateFormBody)
        self.onField.setObjectName(u"onField")
        self.onFieldLayout = QVBoxLayout(self.onField)
        self.onFieldLayout.setObjectName(u"onFieldLayout")
        self.onFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.onDate = QDateEdit(self.onField)
        self.onDate.setObjectName(u"onDate")
        self.onDate.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.onDate.setCalendarPopup(True)

        self.onFieldLayout.addWidget(self.onDate)

        self.onHint = HintLabel(self.onField)
        self.onHint.setObjectName(u"onHint")

        self.onFieldLayout.addWidget(self.onHint)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.onField)

        self.reasonLabel = QLabel(ReallocateFormBody)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reasonField = QWidget(ReallocateFormBody)
        self.reasonField.setObjectName(u"reasonField")
        self.reasonFieldLayout = QVBoxLayout(self.reasonField)
        self.reasonFieldLayout.setObjectName(u"reasonFieldLayout")
        self.reasonFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.reasonText = TextBox(self.reasonField)
        self.reasonText.setObjectName(u"reasonText")

        self.reasonFieldLayout.addWidget(self.reasonText)

        self.reasonHint = HintLabel(self.reasonField)
        self.reasonHint.setObjectName(u"reasonHint")

        self.reasonFieldLayout.addWidget(self.reasonHint)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.reasonField)

#if QT_CONFIG(shortcut)
        self.toOfficerLabel.setBuddy(self.toOfficerCombo)
        self.onLabel.setBuddy(self.onDate)
        self.reasonLabel.setBuddy(self.reasonText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.toOfficerCombo, self.onDate)
        QWidget.setTabOrder(self.onDate, self.reasonText)

        self.retranslateUi(ReallocateFormBody)

        QMetaObject.connectSlotsByName(ReallocateFormBody)
    # setupUi

    def retranslateUi(self, ReallocateFormBody):
        self.offendersLabel.setText(QCoreApplication.translate("ReallocateFormBody", u"Offenders", None))
        self.offendersList.setText(QCoreApplication.translate("ReallocateFormBody", u"No offender chosen", None))
        self.toOfficerLabel.setText(QCoreApplication.translate("ReallocateFormBody", u"&To", None))
#if QT_CONFIG(tooltip)
        self.toOfficerCombo.setToolTip(QCoreApplication.translate("ReallocateFormBody", u"The offender manager who takes the offenders on", None))
#endif // QT_CONFIG(tooltip)
        self.toOfficerHint.setText(QCoreApplication.translate("ReallocateFormBody", u"Each officer's caseload against capacity.", None))
        self.onLabel.setText(QCoreApplication.translate("ReallocateFormBody", u"&From", None))
        self.onDate.setDisplayFormat(QCoreApplication.translate("ReallocateFormBody", u"dd/MM/yyyy", None))
#if QT_CONFIG(tooltip)
        self.onDate.setToolTip(QCoreApplication.translate("ReallocateFormBody", u"Type the date as dd/mm/yyyy (the arrow opens a calendar)", None))
#endif // QT_CONFIG(tooltip)
        self.onHint.setText(QCoreApplication.translate("ReallocateFormBody", u"Today, or the day the change took place.", None))
        self.reasonLabel.setText(QCoreApplication.translate("ReallocateFormBody", u"&Reason", None))
        self.reasonText.setPlaceholderText(QCoreApplication.translate("ReallocateFormBody", u"e.g. caseload balancing, officer on long-term leave\u2026", None))
        self.reasonHint.setText(QCoreApplication.translate("ReallocateFormBody", u"Kept in the history.", None))
        pass
    # retranslateUi

