# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_form.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QSpinBox, QTimeEdit,
    QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)

class Ui_SettingsFormBody(object):
    def setupUi(self, SettingsFormBody):
        if not SettingsFormBody.objectName():
            SettingsFormBody.setObjectName(u"SettingsFormBody")
        self.form = QFormLayout(SettingsFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.scanTimeLabel = QLabel(SettingsFormBody)
        self.scanTimeLabel.setObjectName(u"scanTimeLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.scanTimeLabel)

        self.scanTimeField = QWidget(SettingsFormBody)
        self.scanTimeField.setObjectName(u"scanTimeField")
        self.scanTimeFieldLayout = QVBoxLayout(self.scanTimeField)
        self.scanTimeFieldLayout.setObjectName(u"scanTimeFieldLayout")
        self.scanTimeFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.scanTimeEdit = QTimeEdit(self.scanTimeField)
        self.scanTimeEdit.setObjectName(u"scanTimeEdit")

        self.scanTimeFieldLayout.addWidget(self.scanTimeEdit)

        self.scanTimeHint = HintLabel(self.scanTimeField)
        self.scanTimeHint.setObjectName(u"scanTimeHint")

        self.scanTimeFieldLayout.addWidget(self.scanTimeHint)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.scanTimeField)

        self.scanEveryLabel = QLabel(SettingsFormBody)
        self.scanEveryLabel.setObjectName(u"scanEveryLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.scanEveryLabel)

        self.scanEveryField = QWidget(SettingsFormBody)
        self.scanEveryField.setObjectName(u"scanEveryField")
        self.scanEveryFieldLayout = QVBoxLayout(self.scanEveryField)
        self.scanEveryFieldLayout.setObjectName(u"scanEveryFieldLayout")
        self.scanEveryFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.scanEverySpin = QSpinBox(self.scanEveryField)
        self.scanEverySpin.setObjectName(u"scanEverySpin")

        self.scanEveryFieldLayout.addWidget(self.scanEverySpin)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.scanEveryField)

        self.lockLabel = QLabel(SettingsFormBody)
        self.lockLabel.setObjectName(u"lockLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.lockLabel)

        self.lockField = QWidget(SettingsFormBody)
        self.lockField.setObjectName(u"lockField")
        self.lockFieldLayout = QVBoxLayout(self.lockField)
        self.lockFieldLayout.setObjectName(u"lockFieldLayout")
        self.lockFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.lockSpin = QSpinBox(self.lockField)
        self.lockSpin.setObjectName(u"lockSpin")

        self.lockFieldLayout.addWidget(self.lockSpin)

        self.lockHint = HintLabel(self.lockField)
        self.lockHint.setObjectName(u"lockHint")

        self.lockFieldLayout.addWidget(self.lockHint)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.lockField)

        self.contactLabel = QLabel(SettingsFormBody)
        self.contactLabel.setObjectName(u"contactLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.contactLabel)

        self.contactField = QWidget(SettingsFormBody)
        self.contactField.setObjectName(u"contactField")
        self.contactFieldLayout = QVBoxLayout(self.contactField)
        self.contactFieldLayout.setObjectName(u"contactFieldLayout")
        self.contactFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.contactEdit = QLineEdit(self.contactField)
        self.contactEdit.setObjectName(u"contactEdit")

        self.contactFieldLayout.addWidget(self.contactEdit)

        self.contactHint = HintLabel(self.contactField)
        self.contactHint.setObjectName(u"contactHint")

        self.contactFieldLayout.addWidget(self.contactHint)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.contactField)

        self.boroughLabel = QLabel(SettingsFormBody)
        self.boroughLabel.setObjectName(u"boroughLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.boroughLabel)

        self.boroughField = QWidget(SettingsFormBody)
        self.boroughField.setObjectName(u"boroughField")
        self.boroughFieldLayout = QVBoxLayout(self.boroughField)
        self.boroughFieldLayout.setObjectName(u"boroughFieldLayout")
        self.boroughFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.boroughCombo = QComboBox(self.boroughField)
        self.boroughCombo.setObjectName(u"boroughCombo")

        self.boroughFieldLayout.addWidget(self.boroughCombo)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.boroughField)

        self.boroughContactLabel = QLabel(SettingsFormBody)
        self.boroughContactLabel.setObjectName(u"boroughContactLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.boroughContactLabel)

        self.boroughContactField = QWidget(SettingsFormBody)
        self.boroughContactField.setObjectName(u"boroughContactField")
        self.boroughContactFieldLayout = QVBoxLayout(self.boroughContactField)
        self.boroughContactFieldLayout.setObjectName(u"boroughContactFieldLayout")
        self.boroughContactFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.boroughContactEdit = QLineEdit(self.boroughContactField)
        self.boroughContactEdit.setObjectName(u"boroughContactEdit")

        self.boroughContactFieldLayout.addWidget(self.boroughContactEdit)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.boroughContactField)

        self.capacityLabel = QLabel(SettingsFormBody)
        self.capacityLabel.setObjectName(u"capacityLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.capacityLabel)

        self.capacityField = QWidget(SettingsFormBody)
        self.capacityField.setObjectName(u"capacityField")
        self.capacityFieldLayout = QVBoxLayout(self.capacityField)
        self.capacityFieldLayout.setObjectName(u"capacityFieldLayout")
        self.capacityFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.capacitySpin = QSpinBox(self.capacityField)
        self.capacitySpin.setObjectName(u"capacitySpin")

        self.capacityFieldLayout.addWidget(self.capacitySpin)

        self.capacityHint = HintLabel(self.capacityField)
        self.capacityHint.setObjectName(u"capacityHint")

        self.capacityFieldLayout.addWidget(self.capacityHint)


        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.capacityField)

        self.visitVeryHighLabel = QLabel(SettingsFormBody)
        self.visitVeryHighLabel.setObjectName(u"visitVeryHighLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.visitVeryHighLabel)

        self.visitVeryHighField = QWidget(SettingsFormBody)
        self.visitVeryHighField.setObjectName(u"visitVeryHighField")
        self.visitVeryHighFieldLayout = QVBoxLayout(self.visitVeryHighField)
        self.visitVeryHighFieldLayout.setObjectName(u"visitVeryHighFieldLayout")
        self.visitVeryHighFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.visitVeryHighSpin = QSpinBox(self.visitVeryHighField)
        self.visitVeryHighSpin.setObjectName(u"visitVeryHighSpin")

        self.visitVeryHighFieldLayout.addWidget(self.visitVeryHighSpin)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.visitVeryHighField)

        self.visitHighLabel = QLabel(SettingsFormBody)
        self.visitHighLabel.setObjectName(u"visitHighLabel")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.visitHighLabel)

        self.visitHighField = QWidget(SettingsFormBody)
        self.visitHighField.setObjectName(u"visitHighField")
        self.visitHighFieldLayout = QVBoxLayout(self.visitHighField)
        self.visitHighFieldLayout.setObjectName(u"visitHighFieldLayout")
        self.visitHighFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.visitHighSpin = QSpinBox(self.visitHighField)
        self.visitHighSpin.setObjectName(u"visitHighSpin")

        self.visitHighFieldLayout.addWidget(self.visitHighSpin)


        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.visitHighField)

        self.visitMediumLabel = QLabel(SettingsFormBody)
        self.visitMediumLabel.setObjectName(u"visitMediumLabel")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.visitMediumLabel)

        self.visitMediumField = QWidget(SettingsFormBody)
        self.visitMediumField.setObjectName(u"visitMediumField")
        self.visitMediumFieldLayout = QVBoxLayout(self.visitMediumField)
        self.visitMediumFieldLayout.setObjectName(u"visitMediumFieldLayout")
        self.visitMediumFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.visitMediumSpin = QSpinBox(self.visitMediumField)
        self.visitMediumSpin.setObjectName(u"visitMediumSpin")

        self.visitMediumFieldLayout.addWidget(self.visitMediumSpin)


        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.visitMediumField)

        self.visitLowLabel = QLabel(SettingsFormBody)
        self.visitLowLabel.setObjectName(u"visitLowLabel")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.visitLowLabel)

        self.visitLowField = QWidget(SettingsFormBody)
        self.visitLowField.setObjectName(u"visitLowField")
        self.visitLowFieldLayout = QVBoxLayout(self.visitLowField)
        self.visitLowFieldLayout.setObjectName(u"visitLowFieldLayout")
        self.visitLowFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.visitLowSpin = QSpinBox(self.visitLowField)
        self.visitLowSpin.setObjectName(u"visitLowSpin")

        self.visitLowFieldLayout.addWidget(self.visitLowSpin)


        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.visitLowField)

        self.firstVisitLabel = QLabel(SettingsFormBody)
        self.firstVisitLabel.setObjectName(u"firstVisitLabel")

        self.form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.firstVisitLabel)

        self.firstVisitField = QWidget(SettingsFormBody)
        self.firstVisitField.setObjectName(u"firstVisitField")
        self.firstVisitFieldLayout = QVBoxLayout(self.firstVisitField)
        self.firstVisitFieldLayout.setObjectName(u"firstVisitFieldLayout")
        self.firstVisitFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.firstVisitSpin = QSpinBox(self.firstVisitField)
        self.firstVisitSpin.setObjectName(u"firstVisitSpin")

        self.firstVisitFieldLayout.addWidget(self.firstVisitSpin)


        self.form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.firstVisitField)

        self.firstAssessmentLabel = QLabel(SettingsFormBody)
        self.firstAssessmentLabel.setObjectName(u"firstAssessmentLabel")

        self.form.setWidget(12, QFormLayout.ItemRole.LabelRole, self.firstAssessmentLabel)

        self.firstAssessmentField = QWidget(SettingsFormBody)
        self.firstAssessmentField.setObjectName(u"firstAssessmentField")
        self.firstAssessmentFieldLayout = QVBoxLayout(self.firstAssessmentField)
        self.firstAssessmentFieldLayout.setObjectName(u"firstAssessmentFieldLayout")
        self.firstAssessmentFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.firstAssessmentSpin = QSpinBox(self.firstAssessmentField)
        self.firstAssessmentSpin.setObjectName(u"firstAssessmentSpin")

        self.firstAssessmentFieldLayout.addWidget(self.firstAssessmentSpin)


        self.form.setWidget(12, QFormLayout.ItemRole.FieldRole, self.firstAssessmentField)

        self.reviewLabel = QLabel(SettingsFormBody)
        self.reviewLabel.setObjectName(u"reviewLabel")

        self.form.setWidget(13, QFormLayout.ItemRole.LabelRole, self.reviewLabel)

        self.reviewField = QWidget(SettingsFormBody)
        self.reviewField.setObjectName(u"reviewField")
        self.reviewFieldLayout = QVBoxLayout(self.reviewField)
        self.reviewFieldLayout.setObjectName(u"reviewFieldLayout")
        self.reviewFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.reviewSpin = QSpinBox(self.reviewField)
        self.reviewSpin.setObjectName(u"reviewSpin")

        self.reviewFieldLayout.addWidget(self.reviewSpin)


        self.form.setWidget(13, QFormLayout.ItemRole.FieldRole, self.reviewField)

        self.policyNoteField = QWidget(SettingsFormBody)
        self.policyNoteField.setObjectName(u"policyNoteField")
        self.policyNoteFieldLayout = QVBoxLayout(self.policyNoteField)
        self.policyNoteFieldLayout.setObjectName(u"policyNoteFieldLayout")
        self.policyNoteFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.policyNote = HintLabel(self.policyNoteField)
        self.policyNote.setObjectName(u"policyNote")

        self.policyNoteFieldLayout.addWidget(self.policyNote)


        self.form.setWidget(14, QFormLayout.ItemRole.FieldRole, self.policyNoteField)

        self.reasonLabel = QLabel(SettingsFormBody)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.form.setWidget(15, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reasonField = QWidget(SettingsFormBody)
        self.reasonField.setObjectName(u"reasonField")
        self.reasonFieldLayout = QVBoxLayout(self.reasonField)
        self.reasonFieldLayout.setObjectName(u"reasonFieldLayout")
        self.reasonFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.reasonText = TextBox(self.reasonField)
        self.reasonText.setObjectName(u"reasonText")

        self.reasonFieldLayout.addWidget(self.reasonText)


        self.form.setWidget(15, QFormLayout.ItemRole.FieldRole, self.reasonField)

#if QT_CONFIG(shortcut)
        self.scanTimeLabel.setBuddy(self.scanTimeEdit)
        self.scanEveryLabel.setBuddy(self.scanEverySpin)
        self.lockLabel.setBuddy(self.lockSpin)
        self.contactLabel.setBuddy(self.contactEdit)
        self.boroughLabel.setBuddy(self.boroughCombo)
        self.boroughContactLabel.setBuddy(self.boroughContactEdit)
        self.capacityLabel.setBuddy(self.capacitySpin)
        self.visitVeryHighLabel.setBuddy(self.visitVeryHighSpin)
        self.visitHighLabel.setBuddy(self.visitHighSpin)
        self.visitMediumLabel.setBuddy(self.visitMediumSpin)
        self.visitLowLabel.setBuddy(self.visitLowSpin)
        self.firstVisitLabel.setBuddy(self.firstVisitSpin)
        self.firstAssessmentLabel.setBuddy(self.firstAssessmentSpin)
        self.reviewLabel.setBuddy(self.reviewSpin)
        self.reasonLabel.setBuddy(self.reasonText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.scanTimeEdit, self.scanEverySpin)
        QWidget.setTabOrder(self.scanEverySpin, self.lockSpin)
        QWidget.setTabOrder(self.lockSpin, self.contactEdit)
        QWidget.setTabOrder(self.contactEdit, self.boroughCombo)
        QWidget.setTabOrder(self.boroughCombo, self.boroughContactEdit)
        QWidget.setTabOrder(self.boroughContactEdit, self.capacitySpin)
        QWidget.setTabOrder(self.capacitySpin, self.visitVeryHighSpin)
        QWidget.setTabOrder(self.visitVeryHighSpin, self.visitHighSpin)
        QWidget.setTabOrder(self.visitHighSpin, self.visitMediumSpin)
        QWidget.setTabOrder(self.visitMediumSpin, self.visitLowSpin)
        QWidget.setTabOrder(self.visitLowSpin, self.firstVisitSpin)
        QWidget.setTabOrder(self.firstVisitSpin, self.firstAssessmentSpin)
        QWidget.setTabOrder(self.firstAssessmentSpin, self.reviewSpin)
        QWidget.setTabOrder(self.reviewSpin, self.reasonText)

        self.retranslateUi(SettingsFormBody)

        QMetaObject.connectSlotsByName(SettingsFormBody)
    # setupUi

    def retranslateUi(self, SettingsFormBody):
        self.scanTimeLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Daily scan &at", None))
        self.scanTimeEdit.setDisplayFormat(QCoreApplication.translate("SettingsFormBody", u"HH:mm", None))
        self.scanTimeHint.setText(QCoreApplication.translate("SettingsFormBody", u"London time", None))
        self.scanEveryLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Scan &every (minutes)", None))
        self.lockLabel.setText(QCoreApplication.translate("SettingsFormBody", u"&Lock after (minutes idle)", None))
        self.lockHint.setText(QCoreApplication.translate("SettingsFormBody", u"Scan times and the lock apply from the next start of rsoman.", None))
        self.contactLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Briefing &contact (force)", None))
        self.contactEdit.setPlaceholderText(QCoreApplication.translate("SettingsFormBody", u"e.g. Jigsaw desk, 020 7946 0000 (fictional)", None))
        self.contactHint.setText(QCoreApplication.translate("SettingsFormBody", u"Printed under 'Report to' on briefings; blank: the borough's Jigsaw team.", None))
        self.boroughLabel.setText(QCoreApplication.translate("SettingsFormBody", u"&Borough", None))
#if QT_CONFIG(tooltip)
        self.boroughCombo.setToolTip(QCoreApplication.translate("SettingsFormBody", u"The borough whose own contact is shown below", None))
#endif // QT_CONFIG(tooltip)
        self.boroughContactLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Borough's own c&ontact", None))
        self.boroughContactEdit.setPlaceholderText(QCoreApplication.translate("SettingsFormBody", u"blank: the force contact above", None))
        self.capacityLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Default ca&pacity (offenders)", None))
        self.capacityHint.setText(QCoreApplication.translate("SettingsFormBody", u"Per offender manager, unless the officer has their own.", None))
        self.visitVeryHighLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Home visit, &very high risk (days)", None))
        self.visitHighLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Home visit, &high risk (days)", None))
        self.visitMediumLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Home visit, &medium risk (days)", None))
        self.visitLowLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Home visit, lo&w risk (days)", None))
        self.firstVisitLabel.setText(QCoreApplication.translate("SettingsFormBody", u"&First home visit within (days)", None))
        self.firstAssessmentLabel.setText(QCoreApplication.translate("SettingsFormBody", u"First risk a&ssessment within (days)", None))
        self.reviewLabel.setText(QCoreApplication.translate("SettingsFormBody", u"&Risk review every (days)", None))
        self.reasonLabel.setText(QCoreApplication.translate("SettingsFormBody", u"Reaso&n", None))
        self.reasonText.setPlaceholderText(QCoreApplication.translate("SettingsFormBody", u"Why are these changed? (kept in the audit log)", None))
        pass
    # retranslateUi

