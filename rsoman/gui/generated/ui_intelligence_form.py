# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'intelligence_form.ui'
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
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QCheckBox, QComboBox,
    QDateEdit, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)

class Ui_IntelligenceFormBody(object):
    def setupUi(self, IntelligenceFormBody):
        if not IntelligenceFormBody.objectName():
            IntelligenceFormBody.setObjectName(u"IntelligenceFormBody")
        self.form = QFormLayout(IntelligenceFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.receivedOnLabel = QLabel(IntelligenceFormBody)
        self.receivedOnLabel.setObjectName(u"receivedOnLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.receivedOnLabel)

        self.receivedOnField = QWidget(IntelligenceFormBody)
        self.receivedOnField.setObjectName(u"receivedOnField")
        self.receivedOnFieldLayout = QVBoxLayout(self.receivedOnField)
        self.receivedOnFieldLayout.setObjectName(u"receivedOnFieldLayout")
        self.receivedOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.receivedOnDate = QDateEdit(self.receivedOnField)
        self.receivedOnDate.setObjectName(u"receivedOnDate")
        self.receivedOnDate.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.receivedOnDate.setCalendarPopup(True)

        self.receivedOnFieldLayout.addWidget(self.receivedOnDate)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.receivedOnField)

        self.sourceLabel = QLabel(IntelligenceFormBody)
        self.sourceLabel.setObjectName(u"sourceLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.sourceLabel)

        self.sourceField = QWidget(IntelligenceFormBody)
        self.sourceField.setObjectName(u"sourceField")
        self.sourceFieldLayout = QVBoxLayout(self.sourceField)
        self.sourceFieldLayout.setObjectName(u"sourceFieldLayout")
        self.sourceFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.sourceCombo = QComboBox(self.sourceField)
        self.sourceCombo.setObjectName(u"sourceCombo")

        self.sourceFieldLayout.addWidget(self.sourceCombo)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.sourceField)

        self.sourceDetailLabel = QLabel(IntelligenceFormBody)
        self.sourceDetailLabel.setObjectName(u"sourceDetailLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.sourceDetailLabel)

        self.sourceDetailField = QWidget(IntelligenceFormBody)
        self.sourceDetailField.setObjectName(u"sourceDetailField")
        self.sourceDetailFieldLayout = QVBoxLayout(self.sourceDetailField)
        self.sourceDetailFieldLayout.setObjectName(u"sourceDetailFieldLayout")
        self.sourceDetailFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.sourceDetailEdit = QLineEdit(self.sourceDetailField)
        self.sourceDetailEdit.setObjectName(u"sourceDetailEdit")
        self.sourceDetailEdit.setMaxLength(200)

        self.sourceDetailFieldLayout.addWidget(self.sourceDetailEdit)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.sourceDetailField)

        self.gradingLabel = QLabel(IntelligenceFormBody)
        self.gradingLabel.setObjectName(u"gradingLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.gradingLabel)

        self.gradingField = QWidget(IntelligenceFormBody)
        self.gradingField.setObjectName(u"gradingField")
        self.gradingFieldLayout = QVBoxLayout(self.gradingField)
        self.gradingFieldLayout.setObjectName(u"gradingFieldLayout")
        self.gradingFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.gradingEdit = QLineEdit(self.gradingField)
        self.gradingEdit.setObjectName(u"gradingEdit")
        self.gradingEdit.setMaxLength(20)

        self.gradingFieldLayout.addWidget(self.gradingEdit)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.gradingField)

        self.reportLabel = QLabel(IntelligenceFormBody)
        self.reportLabel.setObjectName(u"reportLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.reportLabel)

        self.reportField = QWidget(IntelligenceFormBody)
        self.reportField.setObjectName(u"reportField")
        self.reportFieldLayout = QVBoxLayout(self.reportField)
        self.reportFieldLayout.setObjectName(u"reportFieldLayout")
        self.reportFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.reportText = TextBox(self.reportField)
        self.reportText.setObjectName(u"reportText")
        self.reportText.setProperty(u"lines", 6)

        self.reportFieldLayout.addWidget(self.reportText)

        self.reportHint = HintLabel(self.reportField)
        self.reportHint.setObjectName(u"reportHint")

        self.reportFieldLayout.addWidget(self.reportHint)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.reportField)

        self.concernField = QWidget(IntelligenceFormBody)
        self.concernField.setObjectName(u"concernField")
        self.concernFieldLayout = QVBoxLayout(self.concernField)
        self.concernFieldLayout.setObjectName(u"concernFieldLayout")
        self.concernFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.concernCheck = QCheckBox(self.concernField)
        self.concernCheck.setObjectName(u"concernCheck")

        self.concernFieldLayout.addWidget(self.concernCheck)

        self.concernHint = HintLabel(self.concernField)
        self.concernHint.setObjectName(u"concernHint")

        self.concernFieldLayout.addWidget(self.concernHint)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.concernField)

#if QT_CONFIG(shortcut)
        self.receivedOnLabel.setBuddy(self.receivedOnDate)
        self.sourceLabel.setBuddy(self.sourceCombo)
        self.sourceDetailLabel.setBuddy(self.sourceDetailEdit)
        self.gradingLabel.setBuddy(self.gradingEdit)
        self.reportLabel.setBuddy(self.reportText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.receivedOnDate, self.sourceCombo)
        QWidget.setTabOrder(self.sourceCombo, self.sourceDetailEdit)
        QWidget.setTabOrder(self.sourceDetailEdit, self.gradingEdit)
        QWidget.setTabOrder(self.gradingEdit, self.reportText)
        QWidget.setTabOrder(self.reportText, self.concernCheck)

        self.retranslateUi(IntelligenceFormBody)

        QMetaObject.connectSlotsByName(IntelligenceFormBody)
    # setupUi

    def retranslateUi(self, IntelligenceFormBody):
        self.receivedOnLabel.setText(QCoreApplication.translate("IntelligenceFormBody", u"&Received on", None))
        self.receivedOnDate.setDisplayFormat(QCoreApplication.translate("IntelligenceFormBody", u"dd/MM/yyyy", None))
#if QT_CONFIG(tooltip)
        self.receivedOnDate.setToolTip(QCoreApplication.translate("IntelligenceFormBody", u"Type the date as dd/mm/yyyy (the arrow opens a calendar)", None))
#endif // QT_CONFIG(tooltip)
        self.sourceLabel.setText(QCoreApplication.translate("IntelligenceFormBody", u"&Source", None))
        self.sourceDetailLabel.setText(QCoreApplication.translate("IntelligenceFormBody", u"Source &detail", None))
        self.sourceDetailEdit.setPlaceholderText(QCoreApplication.translate("IntelligenceFormBody", u"who or which agency, as far as it may be recorded", None))
        self.gradingLabel.setText(QCoreApplication.translate("IntelligenceFormBody", u"&Grading", None))
        self.gradingEdit.setPlaceholderText(QCoreApplication.translate("IntelligenceFormBody", u"e.g. B2, if graded", None))
#if QT_CONFIG(tooltip)
        self.gradingEdit.setToolTip(QCoreApplication.translate("IntelligenceFormBody", u"The grading given to the report (source and information), if any", None))
#endif // QT_CONFIG(tooltip)
        self.reportLabel.setText(QCoreApplication.translate("IntelligenceFormBody", u"Re&port", None))
        self.reportText.setPlaceholderText(QCoreApplication.translate("IntelligenceFormBody", u"the report exactly as given", None))
        self.reportHint.setText(QCoreApplication.translate("IntelligenceFormBody", u"Kept verbatim: it may be quoted in briefings.", None))
        self.concernCheck.setText(QCoreApplication.translate("IntelligenceFormBody", u"This is a &concern (counts towards a risk review)", None))
        pass
    # retranslateUi

